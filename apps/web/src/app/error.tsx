"use client";

import { UnavailableNotice } from "../components/unavailable-notice.tsx";

// Any error while rendering a page. The cookie is untouched and nobody is signed out.
export default function ErrorPage({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <UnavailableNotice reset={reset} />;
}
