import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { env } from '../env';
import { clientAddress } from '../http/client-address';
import { safeAuthRedirect } from './safe-callback';
import { endSession, newSessionId, SESSION_MAX_AGE_S } from './sessions';
import { signInWithPassword } from './sign-in';
import { throttledError } from './sign-in-error';

const Credentials = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(200) });

/**
 * next-auth v4: email + password (argon2), JWT session carrying the user id, the active organisation, its own
 * session id and the user's session version (revocation: lib/auth/sessions.ts).
 * Built on first use so that `next build` does not need the runtime environment.
 */
let cached: NextAuthOptions | undefined;
export function authOptions(): NextAuthOptions {
  cached ??= buildAuthOptions();
  return cached;
}

function buildAuthOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(raw, req) {
          const parsed = Credentials.safeParse(raw);
          if (!parsed.success) return null;
          const address = clientAddress(req?.headers ?? {});
          const outcome = await signInWithPassword({ ...parsed.data, address });
          // next-auth hands a thrown message to the form as `error` (components/auth/login-form.tsx)
          if (outcome.kind === 'throttled') throw new Error(throttledError(outcome.retryAfterS));
          if (outcome.kind === 'refused') return null;
          const { user } = outcome;
          return { id: user.id, email: user.email, name: user.name, orgId: user.orgId, sv: user.sessionVersion };
        },
      }),
    ],
    callbacks: {
      async redirect({ url, baseUrl }) {
        return safeAuthRedirect(url, baseUrl);
      },
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.orgId = (user as { orgId?: string }).orgId;
          token.sid = newSessionId();
          token.sv = (user as { sv?: number }).sv;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user) {
          (session.user as { id?: string }).id = token.uid as string;
        }
        Object.assign(session, { orgId: token.orgId, sid: token.sid, sv: token.sv });
        return session;
      },
    },
    events: {
      // this session's JWT stops working on every instance, not only in this browser
      async signOut({ token }) {
        if (typeof token?.sid === 'string' && typeof token.uid === 'string')
          await endSession(token.sid, token.uid, new Date(((token.exp as number) ?? 0) * 1000));
      },
    },
  };
}
