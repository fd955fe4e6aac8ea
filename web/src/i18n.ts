import { createSignal } from "solid-js";

/** Every user-visible string, in both languages. Keys are English-ish; values per locale. */
const dict = {
  en: {
    "app.name": "CRM",
    "nav.contacts": "Contacts", "nav.companies": "Companies", "nav.settings": "Settings", "nav.logout": "Log out",
    "auth.login": "Log in", "auth.signup": "Sign up", "auth.email": "Email", "auth.password": "Password",
    "auth.name": "Your name", "auth.company": "Company name", "auth.slug": "Workspace address",
    "auth.noAccount": "No account yet?", "auth.haveAccount": "Already have an account?",
    "auth.checkMail": "We sent a verification link to your email. Open it to continue.",
    "auth.verifying": "Verifying…", "auth.verified": "Your email is verified. You can log in now.",
    "contacts.title": "Contacts", "contacts.new": "New contact", "contacts.search": "Search by name, email or phone",
    "contacts.empty": "No contacts yet.", "field.name": "Name", "field.email": "Email", "field.phone": "Phone",
    "common.save": "Save", "common.cancel": "Cancel", "common.loading": "Loading…", "common.more": "Load more",
    "lang.switch": "中文",
  },
  "zh-CN": {
    "app.name": "客户管理",
    "nav.contacts": "联系人", "nav.companies": "公司", "nav.settings": "设置", "nav.logout": "退出登录",
    "auth.login": "登录", "auth.signup": "注册", "auth.email": "邮箱", "auth.password": "密码",
    "auth.name": "您的姓名", "auth.company": "公司名称", "auth.slug": "工作区地址",
    "auth.noAccount": "还没有账号？", "auth.haveAccount": "已有账号？",
    "auth.checkMail": "验证链接已发送到您的邮箱，请打开链接继续。",
    "auth.verifying": "正在验证…", "auth.verified": "邮箱已验证，现在可以登录。",
    "contacts.title": "联系人", "contacts.new": "新建联系人", "contacts.search": "按姓名、邮箱或电话搜索",
    "contacts.empty": "还没有联系人。", "field.name": "姓名", "field.email": "邮箱", "field.phone": "电话",
    "common.save": "保存", "common.cancel": "取消", "common.loading": "加载中…", "common.more": "加载更多",
    "lang.switch": "English",
  },
} as const;

export type Locale = keyof typeof dict;
export type Key = keyof (typeof dict)["en"];

const stored = (typeof localStorage !== "undefined" && localStorage.getItem("locale")) as Locale | null;
const [locale, setLocaleSignal] = createSignal<Locale>(stored && stored in dict ? stored : "zh-CN");

export { locale };
export function setLocale(l: Locale) {
  localStorage.setItem("locale", l);
  document.documentElement.lang = l;
  setLocaleSignal(l);
}
export function t(key: Key): string {
  return dict[locale()][key] ?? dict.en[key] ?? key;
}
