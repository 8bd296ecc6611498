// Serve a built explorer folder on loopback: `node scripts/serve.mjs DIR PORT`.
import { resolve } from 'node:path';
import { serve } from './static-server.mjs';

const dir = resolve(process.argv[2] ?? 'dist');
const port = Number(process.argv[3] ?? 8080);
const { url } = await serve(dir, port);
console.log(`dossier is served at ${url} (Ctrl-C stops it)`);
