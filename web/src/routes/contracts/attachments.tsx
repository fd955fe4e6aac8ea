import { createResource, createSignal, For, Show } from "solid-js";
import { ApiError, call } from "../../api";
import { FormError } from "../../components/form-error";
import { formatDate, t } from "../../i18n";
import { useSession } from "../../session";

/** A file attached to a contract. */
export interface ContractFile { attachmentId: string; contractId: string; fileName: string; contentType: string; size: number; uploadedBy: string; createdAt: string }

const ACCEPT = ".pdf,.png,.jpg,.jpeg,.gif,.webp,.heic,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt,.csv,.ofd,.zip";
const MAX_BYTES = 20 * 1024 * 1024;
const id = encodeURIComponent;

export const attachmentsApi = {
  list: (contractId: string) => call<{ items: ContractFile[] }>("GET", `/contracts/${id(contractId)}/attachments`),
  remove: (contractId: string, attachmentId: string) => call<void>("DELETE", `/contracts/${id(contractId)}/attachments/${id(attachmentId)}`),
  href: (contractId: string, attachmentId: string) => `/api/contracts/${id(contractId)}/attachments/${id(attachmentId)}`,
  /** XHR rather than fetch: only XHR reports upload progress. */
  upload(contractId: string, file: File, onProgress: (fraction: number) => void): Promise<ContractFile> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `/api/contracts/${id(contractId)}/attachments`);
      xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
      xhr.setRequestHeader("content-type", "application/octet-stream");
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => {
        const json = (() => { try { return JSON.parse(xhr.responseText); } catch { return {}; } })();
        if (xhr.status >= 200 && xhr.status < 300) resolve(json as ContractFile);
        else reject(new ApiError(xhr.status, json?.error?.code ?? "unknown", json?.error?.message ?? xhr.statusText, json?.error?.fields));
      };
      xhr.onerror = () => reject(new TypeError("network"));
      xhr.send(file);
    });
  },
};

function size(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} B`;
}

/** The contract's files: upload with a progress bar, download, delete (admins, the owner or the uploader). */
export function ContractAttachments(props: { contractId: string; ownerId: string }) {
  const session = useSession();
  const [files, { refetch }] = createResource(() => props.contractId, (cid) => attachmentsApi.list(cid).then((r) => r.items));
  const [progress, setProgress] = createSignal<number | null>(null);
  const [error, setError] = createSignal<unknown>();
  const me = () => session.me().user.userId;
  const mayDelete = (f: ContractFile) => session.isAdmin() || props.ownerId === me() || f.uploadedBy === `user:${me()}`;
  const pick = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    setError(undefined);
    if (file.size > MAX_BYTES) return setError(new Error(t("error.attachment.too_large")));
    setProgress(0);
    try {
      await attachmentsApi.upload(props.contractId, file, setProgress);
      await refetch();
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };
  const remove = async (f: ContractFile) => {
    if (!confirm(t("contracts.files.confirmDelete", { name: f.fileName }))) return;
    setError(undefined);
    try {
      await attachmentsApi.remove(props.contractId, f.attachmentId);
      await refetch();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div class="card" data-testid="contract-files">
      <h2>{t("contracts.files")}</h2>
      <Show when={session.canWrite()}>
        <label class="button">
          {t("contracts.files.upload")}
          <input type="file" accept={ACCEPT} hidden disabled={progress() !== null} onChange={(e) => pick(e.currentTarget)} data-testid="contract-file-input" />
        </label>
        <p class="muted">{t("contracts.files.hint")}</p>
      </Show>
      <Show when={progress() !== null}>
        <progress max="1" value={progress() ?? 0} data-testid="contract-file-progress" /> <span>{Math.round((progress() ?? 0) * 100)}%</span>
      </Show>
      <FormError error={error()} />
      <Show when={(files() ?? []).length} fallback={<p class="muted">{t("contracts.files.empty")}</p>}>
        <table>
          <tbody>
            <For each={files()}>
              {(f) => (
                <tr data-testid="contract-file">
                  <td><a href={attachmentsApi.href(props.contractId, f.attachmentId)} download={f.fileName}>{f.fileName}</a></td>
                  <td class="muted">{size(f.size)}</td>
                  <td class="muted">{formatDate(f.createdAt)}</td>
                  <td><Show when={mayDelete(f)}><button type="button" class="link" onClick={() => remove(f)}>{t("contracts.files.delete")}</button></Show></td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </div>
  );
}
