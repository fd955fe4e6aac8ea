/** Strings of the search area: `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
  "search.placeholder": "Search contacts, companies, deals, tickets",
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  "search.placeholder": "搜索联系人、公司、商机、工单",
};
