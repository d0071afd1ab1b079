import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { env } from '../env';
import { log } from '../log';
import { authenticateUser } from './authenticate-user';
import { safeAuthRedirect } from './safe-callback';

const Credentials = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(200) });

/**
 * next-auth v4: email + password (argon2), JWT session carrying the user id and the active organisation.
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
    session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
    pages: { signIn: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(raw) {
          const parsed = Credentials.safeParse(raw);
          if (!parsed.success) return null;
          const user = await authenticateUser(parsed.data.email, parsed.data.password);
          if (!user) {
            log.info({ email: parsed.data.email }, 'sign-in refused');
            return null;
          }
          return { id: user.id, email: user.email, name: user.name, orgId: user.orgId };
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
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user) {
          (session.user as { id?: string }).id = token.uid as string;
        }
        (session as { orgId?: string }).orgId = token.orgId as string | undefined;
        return session;
      },
    },
  };
}
