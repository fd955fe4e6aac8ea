/**
 * The HTML a tenant pastes into its own site. It posts JSON as `text/plain`, a simple cross-origin
 * request (no preflight), and keeps the honeypot field `website` off screen, where people never fill it.
 */
export interface SnippetLabels { name: string; email: string; phone: string; company: string; message: string; submit: string; thanks: string; failed: string }

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function formSnippet(endpoint: string, l: SnippetLabels): string {
  return `<form class="crm-lead-form" data-endpoint="${esc(endpoint)}">
  <label>${esc(l.name)} <input name="name" required maxlength="200"></label>
  <label>${esc(l.email)} <input name="email" type="email" maxlength="254"></label>
  <label>${esc(l.phone)} <input name="phone" type="tel" maxlength="40"></label>
  <label>${esc(l.company)} <input name="companyName" maxlength="200"></label>
  <label>${esc(l.message)} <textarea name="message" maxlength="5000"></textarea></label>
  <div style="position:absolute;left:-10000px" aria-hidden="true"><input name="website" tabindex="-1" autocomplete="off"></div>
  <button type="submit">${esc(l.submit)}</button>
  <p class="crm-lead-form-status" role="status"></p>
</form>
<script>
document.querySelectorAll("form.crm-lead-form").forEach(function (form) {
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var data = {};
    new FormData(form).forEach(function (v, k) { if (String(v).trim()) data[k] = String(v).trim(); });
    var status = form.querySelector(".crm-lead-form-status");
    fetch(form.dataset.endpoint, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify(data) })
      .then(function (r) { if (!r.ok) throw new Error(r.status); form.reset(); status.textContent = ${JSON.stringify(l.thanks)}; })
      .catch(function () { status.textContent = ${JSON.stringify(l.failed)}; });
  });
});
</script>`;
}
