using System.CommandLine;
using Warning.Api.Security;

namespace Warning.Silo.Credentials;

/// <summary>
/// <c>./warning api-key NAME ROLE</c>: a new API key for a person, desk or gateway, and the configuration entry that
/// holds only its hash, as environment variables (for the k8s Secret or a shell) and as appsettings JSON.
/// </summary>
public static class ApiKeyCommand
{
    public static async Task<int> Run(string[] args)
    {
        var name = new Argument<string>("name") { Description = "who holds the key (written to the audit for every action taken with it)" };
        var role = new Argument<string>("role") { Description = $"one of {string.Join(", ", ApiRoles.Assignable)}" };
        role.AcceptOnlyFromAmong([.. ApiRoles.Assignable]);
        var index = new Option<int>("--index") { Description = "its position N in Api:Auth:Keys (default 0)", DefaultValueFactory = _ => 0 };
        var command = new RootCommand("A new API key and its hashed configuration entry.") { name, role, index };
        command.SetAction(result =>
        {
            var (holder, given, n) = (result.GetValue(name)!, result.GetValue(role)!, result.GetValue(index));
            var key = ApiKeyHash.NewKey();
            var hash = ApiKeyHash.Of(key);
            Console.WriteLine($"key (give it to {holder}; it is shown once and kept nowhere): {key}");
            Console.WriteLine("environment:");
            Console.WriteLine($"  Api__Auth__Keys__{n}__Name={holder}");
            Console.WriteLine($"  Api__Auth__Keys__{n}__Role={given}");
            Console.WriteLine($"  Api__Auth__Keys__{n}__Hash={hash}");
            Console.WriteLine($"appsettings: {{\"Name\": \"{holder}\", \"Role\": \"{given}\", \"Hash\": \"{hash}\"}} in \"Api\": {{\"Auth\": {{\"Keys\": [...]}}}}");
            return 0;
        });
        return await command.Parse(args).InvokeAsync();
    }
}
