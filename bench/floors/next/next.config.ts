import type { NextConfig } from "next";

// Web's settings, without web.
const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: true,
};

export default config;
