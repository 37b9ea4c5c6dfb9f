/**
 * Region every local client and emulator uses: serverless.yml's default `provider.region`.
 * fauxqs puts the region of the signing client into queue ARNs and URLs, so it must be one value.
 */
export const LOCAL_REGION = 'eu-west-1';

/** Placeholder credentials: the emulators accept any, the SDK only needs something to sign with. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
