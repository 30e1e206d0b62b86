/** True for a URL on this machine (localhost, 127.x, [::1]): local servers take any API key. */
export const isLoopbackUrl = (url: string): boolean => /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/i.test(url);
