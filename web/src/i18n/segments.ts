/** Strings of segments: `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
  "feature.segments": "Segments",
  "segments.title": "Segments",
  "nav.segments": "Segments",
};

export const zhCN: Record<keyof typeof en, string> = {
  "feature.segments": "客户分群",
  "segments.title": "客户分群",
  "nav.segments": "客户分群",
};
