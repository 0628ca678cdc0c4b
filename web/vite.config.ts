import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
// The dev server proxies the API to a running hub, so `vite` and `npm start` together give hot reload on real data.
const hub = process.env.SWITCHBOARD_URL ?? "http://127.0.0.1:3000";

export const config = defineConfig({
  root,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    host: "127.0.0.1",
    proxy: {
      "/api": { target: hub, changeOrigin: false },
      "/webhooks": { target: hub },
      "/health": { target: hub },
    },
  },
});

// Vite only reads a default export; the named export keeps the project rule for everything else.
export default config;
