import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web console, built to static files (apps/web/dist) that the API serves at `/`
 * (apps/api/src/setup-app.ts). `npm run build:web`; `npm run dev:web` proxies /api to a running API.
 */
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  // JSX with React's automatic runtime (no plugin needed for a production build).
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // antd marks its modules "use client" (for React Server Components); meaningless in a client bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      output: {
        // Long-lived vendor chunks: the framework and component library change less often than the app.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+|dayjs)[\\/]/ },
            // The console's own shared modules and the parts of libs/domain it reuses.
            { name: 'console', test: /(apps[\\/]web[\\/]src[\\/](lib|i18n|api)|libs[\\/]domain[\\/]src)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
