// The values the fixture server answers and the consumer checks expect: one place for both sides.

/** int64 maximum: every digit must survive the round trip */
export const INT64_MAX = '9223372036854775807';
/** a STOVE order number above 2^53 */
export const ORDER_NO = '5683669676745096842';
/** 2^53 + 1, the first integer a JS number cannot hold */
export const ITEM_ID = '9007199254740993';
export const PROJECT_ID = '44056';
export const USER_TOKEN = 'smoke-user-jwt';
export const PLAYER_TOKEN = 'smoke-player-token';
