using System.CommandLine;
using Warning.Ingest.Security;

namespace Warning.Silo.Credentials;

/// <summary>
/// <c>./warning credential SENSOR-ID [--secret S]</c>: a device secret (new and random unless given) and the hash for
/// the sensor's registry entry (<c>credential:</c>), in mosquitto's format, so the same line also goes into an
/// external mosquitto's password file; and the line of RabbitMQ's devices file (<c>./warning rabbitmq-auth</c>).
/// </summary>
public static class CredentialCommand
{
    public static async Task<int> Run(string[] args)
    {
        var sensor = new Argument<string>("sensor-id") { Description = "the sensor the device reports as (its MQTT user name)" };
        var secret = new Option<string?>("--secret") { Description = "the device's secret; a random one when left out" };
        var command = new RootCommand("A device secret and its hash for the registry and for mosquitto's password file.") { sensor, secret };
        command.SetAction(result =>
        {
            var id = result.GetValue(sensor)!;
            var given = result.GetValue(secret);
            var plain = given ?? DeviceCredential.NewSecret();
            var hash = DeviceCredential.Hash(plain);
            if (given is null) Console.WriteLine($"secret (give it to the device, keep it nowhere else): {plain}");
            Console.WriteLine($"registry entry:         credential: \"{hash}\"");
            Console.WriteLine($"mosquitto password file: {id}:{hash}");
            // RabbitMQ keeps its own kind of hash (salted SHA-256): one line for ./warning rabbitmq-auth --devices FILE.
            Console.WriteLine($"rabbitmq devices file:   {id} {RabbitDefinitions.Hash(plain)}");
            return 0;
        });
        return await command.Parse(args).InvokeAsync();
    }
}
