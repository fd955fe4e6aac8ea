/** Strings of ownership conflicts: `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
  "conflicts.title": "Ownership conflicts",
  "nav.conflicts": "Ownership conflicts",
};

export const zhCN: Record<keyof typeof en, string> = {
  "conflicts.title": "撞单检查",
  "nav.conflicts": "撞单检查",
};
