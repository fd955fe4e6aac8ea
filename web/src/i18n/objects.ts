/** Strings of custom objects: `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
  "objects.title": "Custom objects",
  "nav.objects": "Custom objects",
};

export const zhCN: Record<keyof typeof en, string> = {
  "objects.title": "自定义对象",
  "nav.objects": "自定义对象",
};
