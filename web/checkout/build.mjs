// Bundles the component into one classic script (an IIFE, not a module: a cross-origin
// <script src> then needs no CORS) at $OUT_DIR/switchyard-checkout.js (default dist/).
import { build } from 'esbuild';

const outdir = process.env.OUT_DIR || 'dist';
await build({
  entryPoints: ['src/index.ts'],
  bundle: true,
  format: 'iife',
  target: ['es2020'],
  minify: true,
  legalComments: 'none',
  outfile: `${outdir}/switchyard-checkout.js`,
  logLevel: 'warning',
});
