import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';

export const runtime = 'nodejs';

type Ctx = { params: Promise<{ nextauth: string[] }> };
const handler = (req: Request, ctx: Ctx) => NextAuth(authOptions())(req, ctx);

export { handler as GET, handler as POST };
