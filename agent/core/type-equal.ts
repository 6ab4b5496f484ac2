// Compile-time proof that a zod schema and the plain type declared in agent/types.ts describe the same shape,
// so the public types can stay a leaf module without drifting from what is validated.

/** true when A and B are the same type (not merely assignable one way). */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

/** Fails to compile unless T is true: `export type _Same = Assert<Equal<z.output<typeof S>, T>>`. */
export type Assert<T extends true> = T;
