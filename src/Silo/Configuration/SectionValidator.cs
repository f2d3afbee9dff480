using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Warning.Silo.Configuration;

/// <summary>
/// Validates an options class with its data annotations and reports every failure at once, each naming the
/// full config key and its environment-variable form, so a bad setting stops the process with a fix in hand.
/// </summary>
public sealed class SectionValidator<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        if (results.Count == 0) return ValidateOptionsResult.Success;
        return ValidateOptionsResult.Fail(results.Select(r =>
        {
            var member = r.MemberNames.FirstOrDefault() ?? "?";
            var key = $"{section}:{member}";
            // A member of a list (Keys:0:Role) has no property of its own to read; its message carries the value.
            var value = typeof(T).GetProperty(member) is { } property ? $" = \"{property.GetValue(options)}\"" : "";
            return $"{key} (env {key.Replace(":", "__", StringComparison.Ordinal)}){value} is invalid: {r.ErrorMessage}";
        }));
    }
}
