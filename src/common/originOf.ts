/** The origin of a base URL (`https://api.openai.com`): scheme, host and port; the text itself when it is not a URL. */
export function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}
