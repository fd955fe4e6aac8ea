/** Strings of the search area: `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
  "search.placeholder": "Search contacts, companies, deals, tickets",
  "search.label": "Search",
  "search.title": "Search",
  "search.group.contacts": "Contacts",
  "search.group.companies": "Companies",
  "search.group.deals": "Deals",
  "search.group.tickets": "Tickets",
  "search.none": "Nothing found for “{q}”.",
  "search.all": "All results for “{q}”",
  "search.hint": "Type a name, pinyin or initials (zw for 张伟), an email, or phone digits (the last four work too).",
  "search.reindex": "Reindex all records",
  "search.reindexing": "Reindexing… {done} records",
  "search.reindexed": "Reindex finished: {done} records.",
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  "search.placeholder": "搜索联系人、公司、商机、工单",
  "search.label": "搜索",
  "search.title": "搜索",
  "search.group.contacts": "联系人",
  "search.group.companies": "公司",
  "search.group.deals": "商机",
  "search.group.tickets": "工单",
  "search.none": "没有找到与“{q}”相关的结果。",
  "search.all": "“{q}”的全部结果",
  "search.hint": "输入姓名、拼音或拼音首字母（如 zw 找张伟）、邮箱或电话号码（后四位也可以）。",
  "search.reindex": "重建全部搜索索引",
  "search.reindexing": "正在重建索引… 已处理 {done} 条",
  "search.reindexed": "索引重建完成：共 {done} 条。",
};
