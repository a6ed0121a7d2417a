// Every enum carries readable member names for both generators, and the two lists agree:
// - x-enumNames (NSwag): one name per enum value, in order;
// - x-ms-enum.values (Kiota): one {value, name} per enum value, in the same order, with the same names.
// So "16:9" becomes Landscape16x9 in both clients rather than _169 (NSwag) or OneSixNine (Kiota).
module.exports = (schema) => {
  if (!schema || !Array.isArray(schema.enum)) return [];
  const names = schema['x-enumNames'];
  if (!Array.isArray(names)) {
    return [{ message: 'enum has no x-enumNames (NSwag would invent member names)' }];
  }
  if (names.length !== schema.enum.length) {
    return [{ message: `x-enumNames has ${names.length} names for ${schema.enum.length} enum values` }];
  }
  const msEnum = schema['x-ms-enum'];
  const values = msEnum && Array.isArray(msEnum.values) ? msEnum.values : null;
  if (!values) {
    return [{ message: 'enum has no x-ms-enum.values (Kiota would invent member names)' }];
  }
  if (values.length !== schema.enum.length) {
    return [{ message: `x-ms-enum.values has ${values.length} entries for ${schema.enum.length} enum values` }];
  }
  const errors = [];
  schema.enum.forEach((value, i) => {
    const entry = values[i] || {};
    if (String(entry.value) !== String(value)) {
      errors.push({ message: `x-ms-enum.values[${i}].value is '${entry.value}', but enum[${i}] is '${value}'` });
    }
    if (entry.name !== names[i]) {
      errors.push({ message: `x-ms-enum.values[${i}].name '${entry.name}' disagrees with x-enumNames[${i}] '${names[i]}' (for '${value}')` });
    }
  });
  return errors;
};
