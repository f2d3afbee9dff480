using System.CommandLine;
using Warning.Api.Security;

namespace Warning.Silo.Credentials;

/// <summary>
/// <c>./warning api-key NAME ROLE [--unit U] [--region R]</c>: a new API key for a person, desk or gateway, and the
/// configuration entry that holds only its hash (and the unit and region its approvals are made for), as environment
/// variables (for the k8s Secret or a shell) and as appsettings JSON.
/// </summary>
public static class ApiKeyCommand
{
    public static async Task<int> Run(string[] args)
    {
        var name = new Argument<string>("name") { Description = "who holds the key (written to the audit for every action taken with it)" };
        var role = new Argument<string>("role") { Description = $"one of {string.Join(", ", ApiRoles.Assignable)}" };
        role.AcceptOnlyFromAmong([.. ApiRoles.Assignable]);
        var index = new Option<int>("--index") { Description = "its position N in Api:Auth:Keys (default 0)", DefaultValueFactory = _ => 0 };
        var unit = new Option<string?>("--unit") { Description = "the unit its holder approves for (a unit id of config/authorities.yaml, e.g. meteorology)" };
        var region = new Option<string?>("--region") { Description = "the region code prefix its holder approves in (e.g. 620522)" };
        var command = new RootCommand("A new API key and its hashed configuration entry.") { name, role, index, unit, region };
        command.SetAction(result =>
        {
            var (holder, given, n) = (result.GetValue(name)!, result.GetValue(role)!, result.GetValue(index));
            var (ofUnit, inRegion) = (result.GetValue(unit), result.GetValue(region));
            if (ofUnit is not null && !Warning.Publication.Authorities.AuthoritiesFile.UnitId().IsMatch(ofUnit))
            {
                Console.Error.WriteLine($"--unit: \"{ofUnit}\" is not a unit id (lower-case letters, digits and '-', as config/authorities.yaml declares units)");
                return 2;
            }
            if (inRegion is not null && !Warning.Publication.Authorities.AuthoritiesFile.RegionPrefix().IsMatch(inRegion))
            {
                Console.Error.WriteLine($"--region: \"{inRegion}\" is not a region code prefix (2, 4, 6, 9 or 12 digits)");
                return 2;
            }
            var key = ApiKeyHash.NewKey();
            var hash = ApiKeyHash.Of(key);
            Console.WriteLine($"key (give it to {holder}; it is shown once and kept nowhere): {key}");
            Console.WriteLine("environment:");
            Console.WriteLine($"  Api__Auth__Keys__{n}__Name={holder}");
            Console.WriteLine($"  Api__Auth__Keys__{n}__Role={given}");
            Console.WriteLine($"  Api__Auth__Keys__{n}__Hash={hash}");
            if (ofUnit is not null) Console.WriteLine($"  Api__Auth__Keys__{n}__Unit={ofUnit}");
            if (inRegion is not null) Console.WriteLine($"  Api__Auth__Keys__{n}__Region={inRegion}");
            var scope = (ofUnit is null ? "" : $", \"Unit\": \"{ofUnit}\"") + (inRegion is null ? "" : $", \"Region\": \"{inRegion}\"");
            Console.WriteLine($"appsettings: {{\"Name\": \"{holder}\", \"Role\": \"{given}\", \"Hash\": \"{hash}\"{scope}}} in \"Api\": {{\"Auth\": {{\"Keys\": [...]}}}}");
            return 0;
        });
        return await command.Parse(args).InvokeAsync();
    }
}
