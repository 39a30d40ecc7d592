import type { AccessToken, TokenCredential } from '@azure/core-auth';

/** A TokenCredential that always returns `token` (valid one hour); the simulator uses the token as the principal. */
export function fakeCredential(token = 'sim-token'): TokenCredential {
  return {
    getToken: (): Promise<AccessToken> => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3600_000 }),
  };
}
