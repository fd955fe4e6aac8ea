/** Inline SVG icons (no icon font: the CSP allows only our own files). */
export function LockIcon(props: { title?: string }) {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="14" height="14" role={props.title ? "img" : undefined} aria-hidden={props.title ? undefined : "true"} data-testid="lock-icon">
      {props.title && <title>{props.title}</title>}
      <path fill="currentColor" d="M12 2a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2h-1V7a5 5 0 0 0-5-5Zm-3 8V7a3 3 0 1 1 6 0v3H9Zm3 3a2 2 0 0 1 1 3.73V19h-2v-2.27A2 2 0 0 1 12 13Z" />
    </svg>
  );
}

export function MenuIcon() {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
      <path fill="currentColor" d="M3 6h18v2H3V6Zm0 5h18v2H3v-2Zm0 5h18v2H3v-2Z" />
    </svg>
  );
}
