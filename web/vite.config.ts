import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    manifest: true,
  },
  server: {
    proxy: {
      // The API's port follows REMIT_PORT, as npm run dev starts both.
      '/api': { target: `http://127.0.0.1:${process.env.REMIT_PORT ?? '3000'}`, changeOrigin: false },
    },
  },
});
