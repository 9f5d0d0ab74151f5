/** Reads a message out through the app's polite live region (see sinau-app). */
export function announce(message: string): void {
  window.dispatchEvent(new CustomEvent('sinau-announce', { detail: message }));
}

declare global {
  interface WindowEventMap {
    'sinau-announce': CustomEvent<string>;
  }
}
