/**
 * Lists of operation ids that a provider package keeps by hand (which calls take `locale`, answer text, send
 * multipart, …), checked against the generated `operations` types at compile time: a spec change that adds or
 * removes such an operation breaks the build instead of a call.
 */

type Defined<T> = Exclude<T, undefined>;
/** `keyof T`, but nothing for `never` (whose keyof is every key) */
type Keys<T> = [T] extends [never] ? never : keyof T;
type Params<O> = O extends { parameters: infer P } ? P : never;
type Media<O> = O extends { requestBody?: infer B } ? (Defined<B> extends { content: infer C } ? C : never) : never;
type Responses<O> = O extends { responses: infer R } ? R : never;
type Success = 200 | 201 | 202 | 203 | 204 | 205 | 206 | '2XX';

/** Operation ids of `Ops` with a parameter `Name` in `In` (`'query'`, `'header'`, `'path'` or `'cookie'`). */
export type WithParam<Ops, In extends 'query' | 'header' | 'path' | 'cookie', Name extends string> = {
  [K in keyof Ops]: Name extends Keys<Defined<Params<Ops[K]>[In & keyof Params<Ops[K]>]>> ? K : never;
}[keyof Ops] &
  string;
/** Operation ids of `Ops` whose request body is sent as `Type`. */
export type WithRequestMedia<Ops, Type extends string> = { [K in keyof Ops]: Type extends Keys<Media<Ops[K]>> ? K : never }[keyof Ops] & string;
/** Operation ids of `Ops` with a 2xx answer of `Type`. */
export type WithResponseMedia<Ops, Type extends string> = {
  [K in keyof Ops]: {
    [S in keyof Responses<Ops[K]>]: S extends Success ? (Responses<Ops[K]>[S] extends { content: infer C } ? (Type extends Keys<C> ? K : never) : never) : never;
  }[keyof Responses<Ops[K]>];
}[keyof Ops] &
  string;

/**
 * A set of operation ids that must hold exactly the ids of `T`: one missing (or one too many) is a compile
 * error, so a spec change that adds such an operation cannot go unnoticed.
 *
 *   const text = exactly<WithResponseMedia<operations, 'text/plain'>>()(['adminGetCodesById', 'adminGetCodesBySku']);
 */
export const exactly =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> })): ReadonlySet<string> =>
    new Set(list);
