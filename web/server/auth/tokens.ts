import jwt from 'jsonwebtoken';

/** The one algorithm tokens are signed and checked with; a token naming another (or `none`) is refused. */
export const TOKEN_ALGORITHM = 'HS256' as const;
const ISSUER = 'gcflow';

export type TokenKind = 'access' | 'refresh';

export function signToken(secret: string, username: string, kind: TokenKind, ttlSeconds: number): string {
  return jwt.sign({ typ: kind }, secret, {
    algorithm: TOKEN_ALGORITHM,
    subject: username,
    issuer: ISSUER,
    expiresIn: ttlSeconds,
  });
}

/** The username of a valid token of the given kind, or a reason why not. */
export function verifyToken(
  secret: string,
  token: string,
  kind: TokenKind,
): { username: string } | { problem: 'expired' | 'invalid' } {
  try {
    const payload = jwt.verify(token, secret, { algorithms: [TOKEN_ALGORITHM], issuer: ISSUER });
    if (typeof payload === 'string' || payload.typ !== kind || typeof payload.sub !== 'string') {
      return { problem: 'invalid' };
    }
    return { username: payload.sub };
  } catch (err) {
    return { problem: err instanceof jwt.TokenExpiredError ? 'expired' : 'invalid' };
  }
}
