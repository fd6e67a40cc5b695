import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';

/** An in-process LRU in front of a shared cache: repeated reads of the same key stay in the process. */
export class TieredCache implements KeyValueCache<string> {
  constructor(
    private readonly near: KeyValueCache<string>,
    private readonly far: KeyValueCache<string>,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const near = await this.near.get(key);
    if (near !== undefined) return near;
    const far = await this.far.get(key);
    if (far !== undefined) await this.near.set(key, far);
    return far;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    await Promise.all([this.near.set(key, value, options), this.far.set(key, value, options)]);
  }

  async delete(key: string): Promise<boolean> {
    const [, far] = await Promise.all([this.near.delete(key), this.far.delete(key)]);
    return far === true;
  }
}
