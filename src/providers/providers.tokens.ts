/** DI token: the SecretCipher built from GATEWAY_SECRET. */
export const SECRET_CIPHER = Symbol('SECRET_CIPHER');
