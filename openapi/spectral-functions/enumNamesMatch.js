// Every enum carries x-enumNames of the same length, so that NSwag generates readable C# member
// names ("16:9" becomes Landscape16x9 rather than _169).
module.exports = (schema) => {
  if (!schema || !Array.isArray(schema.enum)) return [];
  const names = schema['x-enumNames'];
  if (!Array.isArray(names)) {
    return [{ message: 'enum has no x-enumNames (NSwag would invent member names)' }];
  }
  if (names.length !== schema.enum.length) {
    return [{ message: `x-enumNames has ${names.length} names for ${schema.enum.length} enum values` }];
  }
  return [];
};
