import { methodNotAllowed, proxyClassify } from '@/lib/api/classify-proxy';

export const dynamic = 'force-dynamic';

export const POST = proxyClassify;
export const GET = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
