import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/**
 * Wall and CPU seconds and peak RSS (MB) of one whole command, from GNU time, stdout sent to a file.
 * CPU is reported as well as wall time: on a shared 2-core machine wall time swings with the
 * neighbours' load, so CPU and the ratio within one run are the figures to read.
 */
export function timed(timeFile, cmd, argv, stdoutFile = '/dev/null') {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', timeFile, 'sh', '-c', `exec "$0" "$@" > "${stdoutFile}"`, cmd, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', LANG: 'C.UTF-8' },
    maxBuffer: 1 << 26,
  });
  const [wall, kb, user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { code: r.status, wall, cpu: Math.round((user + sys) * 100) / 100, rssMB: Math.round(kb / 1024), stderr: r.stderr };
}

/**
 * Stops the benchmark (exit 2) unless the build it runs exists and GNU time and Miller are installed:
 * every pair needs all three.
 */
export function requireBenchTools(builtFile) {
  if (!existsSync(builtFile)) {
    console.error('dist/ is not built: run `npm run build` first');
    process.exit(2);
  }
  for (const tool of ['/usr/bin/time', 'mlr']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      console.error(`${tool} is missing (apt-get install -y ${tool === 'mlr' ? 'miller' : 'time'})`);
      process.exit(2);
    }
  }
}
