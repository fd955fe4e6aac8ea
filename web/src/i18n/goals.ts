/** Strings of the goals area: `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
} as const;

export const zhCN: Record<keyof typeof en, string> = {
};
