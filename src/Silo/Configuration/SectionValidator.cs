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
            var value = typeof(T).GetProperty(member)?.GetValue(options);
            return $"{section}:{member} (env {section}__{member}) = \"{value}\" is invalid: {r.ErrorMessage}";
        }));
    }
}
