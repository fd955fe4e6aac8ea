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

export function BellIcon() {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
      <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
    </svg>
  );
}

/** One small pictogram per kind of timeline entry (contact, company, ticket, note, deal). */
const ACTIVITY_PATHS: Record<string, string> = {
  contact: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm0 2c-4 0-8 2-8 5v1h16v-1c0-3-4-5-8-5Z",
  company: "M4 21V5l8-3v6l8 3v10h-6v-4h-4v4H4Zm3-13v2h2V8H7Zm0 4v2h2v-2H7Zm4-4v2h2V8h-2Zm0 4v2h2v-2h-2Zm4 0v2h2v-2h-2Z",
  ticket: "M3 7a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v3a2 2 0 0 0 0 4v3a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-3a2 2 0 0 0 0-4V7Zm6 1v8h2V8H9Z",
  note: "M5 3h10l4 4v14H5V3Zm9 1.5V8h3.5L14 4.5ZM8 11v2h8v-2H8Zm0 4v2h6v-2H8Z",
  deal: "M9 4h6a2 2 0 0 1 2 2v1h3a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h3V6a2 2 0 0 1 2-2Zm0 3h6V6H9v1Z",
};

export function ActivityIcon(props: { type: string }) {
  const d = () => ACTIVITY_PATHS[props.type.split(".")[0]] ?? "M12 8a4 4 0 1 1 0 8 4 4 0 0 1 0-8Z";
  return (
    <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
      <path fill="currentColor" d={d()} />
    </svg>
  );
}
