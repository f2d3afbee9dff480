using System.CommandLine;
using Warning.Grains.Sensors;
using Warning.Ingest.Registry;
using Warning.Ingest.Security;

namespace Warning.Silo.Credentials;

/// <summary>
/// <c>./warning mosquitto-auth --out DIR</c>: mosquitto's <c>passwd</c> and <c>acl</c> files from the registry (see
/// <see cref="MosquittoAuth"/>) and the engine's own account, whose secret goes to <c>Mqtt:Password</c>. A bad entry is
/// reported by name and left out; the others are written.
/// </summary>
public static class MosquittoAuthCommand
{
    public static async Task<int> Run(string[] args)
    {
        var registry = new Option<FileInfo>("--registry") { Description = "the sensor registry", DefaultValueFactory = _ => new FileInfo("config/sensors.yaml") };
        var output = new Option<DirectoryInfo>("--out") { Description = "where passwd and acl are written", Required = true };
        var user = new Option<string>("--engine-user") { Description = "the engine's login (Mqtt:Username)", DefaultValueFactory = _ => "warning-engine" };
        var secret = new Option<string?>("--engine-secret") { Description = "the engine's secret (Mqtt:Password); a random one when left out" };
        var command = new RootCommand("mosquitto's password and ACL files from the sensor registry.") { registry, output, user, secret };
        command.SetAction(async (result, ct) =>
        {
            var file = result.GetValue(registry)!;
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"mosquitto-auth: no registry at {file.FullName} (--registry)");
                return 2;
            }
            var sensors = new List<SensorDefinition>();
            var index = 0;
            foreach (var (line, entry) in YamlJson.ReadList(await File.ReadAllTextAsync(file.FullName, ct)))
            {
                var (definition, errors) = SensorEntryValidator.Validate(entry, $"#{++index} ({file.Name} line {line})");
                if (definition is not null) sensors.Add(definition);
                foreach (var e in errors) await Console.Error.WriteLineAsync($"mosquitto-auth: left out: {e}");
            }
            var engineSecret = result.GetValue(secret) ?? DeviceCredential.NewSecret();
            var dir = result.GetValue(output)!;
            dir.Create();
            var engineUser = result.GetValue(user)!;
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "passwd"), MosquittoAuth.PasswordFile(sensors, engineUser, DeviceCredential.Hash(engineSecret)), ct);
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "acl"), MosquittoAuth.AclFile(engineUser), ct);
            Console.WriteLine($"wrote {Path.Combine(dir.FullName, "passwd")} ({sensors.Count(s => s.Credential is not null)} devices and {engineUser}) and acl");
            Console.WriteLine("mosquitto.conf: allow_anonymous false, password_file <dir>/passwd, acl_file <dir>/acl");
            if (result.GetValue(secret) is null) Console.WriteLine($"engine: Mqtt__Username={engineUser} Mqtt__Password={engineSecret}");
            return 0;
        });
        return await command.Parse(args).InvokeAsync();
    }
}
