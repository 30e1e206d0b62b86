/** The host and port of a URL (`gpu-box:8000`), as the status and footer name a server; the text itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The origin of a base URL (`https://api.openai.com`): scheme, host and port; the text itself when it is not a URL. */
export function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}
