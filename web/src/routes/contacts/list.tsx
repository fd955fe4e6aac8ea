import { useNavigate } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { api, ApiError } from "../../api";
import { t } from "../../i18n";

export function ContactList() {
  const navigate = useNavigate();
  const [q, setQ] = createSignal("");
  const [items, { refetch }] = createResource(q, async (query) => {
    try {
      return await api.contacts.list({ q: query || undefined });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) navigate("/login");
      throw err;
    }
  });
  const [name, setName] = createSignal("");
  const [email, setEmail] = createSignal("");
  const [phone, setPhone] = createSignal("");
  const [error, setError] = createSignal("");
  const create = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      await api.contacts.create({ name: name(), email: email() || undefined, phone: phone() || undefined });
      setName(""); setEmail(""); setPhone("");
      refetch();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section>
      <h1>{t("contacts.title")}</h1>
      <input type="search" name="q" placeholder={t("contacts.search")} onInput={(e) => setQ(e.currentTarget.value)} />
      <form class="inline" onSubmit={create}>
        <input name="name" placeholder={t("field.name")} required value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        <input name="email" type="email" placeholder={t("field.email")} value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
        <input name="phone" placeholder={t("field.phone")} value={phone()} onInput={(e) => setPhone(e.currentTarget.value)} />
        <button type="submit">{t("contacts.new")}</button>
      </form>
      <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
      <Show when={items()} fallback={<p>{t("common.loading")}</p>}>
        <Show when={items()!.items.length} fallback={<p>{t("contacts.empty")}</p>}>
          <ul class="list" data-testid="contact-list">
            <For each={items()!.items}>{(c) => <li><strong>{c.name}</strong> <span>{c.email}</span> <span>{c.phone}</span></li>}</For>
          </ul>
        </Show>
      </Show>
    </section>
  );
}
