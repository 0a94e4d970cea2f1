// Vite builds the client into dist/ (served by the Parley server at /); vitest runs the unit tests in jsdom.
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    // Source maps stay out of the shipped assets; the bundle is small enough to read in devtools.
    sourcemap: false,
    chunkSizeWarningLimit: 400,
    rolldownOptions: {
      output: {
        // Libraries that change less often than the app get their own files, so a new release of Parley
        // re-downloads only its own code.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'mattermost-client', test: /node_modules[\\/]@mattermost[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // `npx vite` during development: API and WebSocket go to a Parley started with `npm run dev`.
    proxy: {
      '/api/v4/websocket': { target: 'ws://127.0.0.1:8065', ws: true },
      '/api': 'http://127.0.0.1:8065',
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
