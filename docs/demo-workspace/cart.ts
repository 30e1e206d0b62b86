// A shopping cart: what its items come to. Prices are whole cents, so sums stay exact.

export interface Item {
  name: string;
  priceCents: number;
  quantity: number;
}

/** What the items come to, in cents. */
export function totalCents(items: readonly Item[]): number {
  let sum = 0;
  for (const item of items) {
    sum += item.price * item.quantity;
  }
  return sum;
}

/** The total as a receipt shows it: "12.50". */
export function formatTotal(items: readonly Item[]): string {
  return (totalCents(items) / 100).toFixed(2);
}
