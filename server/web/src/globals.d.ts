// The hand-over from boot.ts to the main bundle.
interface Window {
  gonoteBoot?: { url: string; res: Promise<Response> };
}
