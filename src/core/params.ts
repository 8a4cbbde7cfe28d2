/**
 * Params of a code are flat (string, number, boolean, null), so they go into JSON as they are. A list
 * goes in as one string, joined the way a Chinese reader reads it, and the words split it again. Names,
 * period labels and decision kinds hold no 、; a header cell of a hostile file might, and then only the
 * English rendering of that one message splits it in the wrong place.
 */
export const LIST_SEP = '、';
export const joinList = (xs: readonly string[]): string => xs.join(LIST_SEP);
export const splitList = (s: unknown): string[] => (typeof s === 'string' && s !== '' ? s.split(LIST_SEP) : []);
