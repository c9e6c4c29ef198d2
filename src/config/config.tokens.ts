/** DI token: the parsed, validated environment (see env.ts). */
export const ENV = Symbol('ENV');
