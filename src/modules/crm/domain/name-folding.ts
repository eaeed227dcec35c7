/**
 * Accent- and case-insensitive name matching ("maria" finds "María", "jose" finds "José").
 *
 * The database keeps a folded copy of each contact's name in generated columns built from the
 * same letter map (`translate` then `lower`, both immutable, so the columns can be indexed and
 * need neither the `unaccent` extension nor application code to stay in step), and a search term
 * is folded here with that map before it is compared.
 */
export const accentedLetters =
  'ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćĈĉĊċČčĎďĐđÈÉÊËèéêëĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħÌÍÎÏìíîïĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłÑñŃńŅņŇňÒÓÔÕÖØòóôõöøŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųŴŵÝýÿŶŷŸŹźŻżŽž';

/** The plain letter of each accented one, position by position. */
export const plainLetters =
  'AAAAAAaaaaaaAaAaAaCcCcCcCcCcDdDdEEEEeeeeEeEeEeEeEeGgGgGgGgHhHhIIIIiiiiIiIiIiIiIiJjKkLlLlLlLlLlNnNnNnNnOOOOOOooooooOoOoOoRrRrRrSsSsSsSsTtTtTtUUUUuuuuUuUuUuUuUuUuWwYyyYyYZzZzZz';

const plainOf = new Map(
  [...accentedLetters].map((letter, index) => [letter, [...plainLetters][index]!]),
);

/** The folded form of a name or search term: accents stripped by the shared map, lower case. */
export function foldName(text: string): string {
  return [...text.trim()]
    .map((letter) => plainOf.get(letter) ?? letter)
    .join('')
    .toLowerCase();
}
