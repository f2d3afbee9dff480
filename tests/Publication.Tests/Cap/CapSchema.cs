using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Warning.Publication.Tests.Cap;

/// <summary>Validates documents against the vendored CAP 1.2 schema and returns every error.</summary>
internal static class CapSchema
{
    private static readonly XmlSchemaSet Schemas = Load();

    public static List<string> Errors(XDocument document)
    {
        var errors = new List<string>();
        // Round-trip through text, as a receiver gets it.
        var text = document.Declaration + Environment.NewLine + document.ToString();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message} (line {e.Exception?.LineNumber})");
        using var reader = XmlReader.Create(new StringReader(text), settings);
        while (reader.Read()) { }
        return errors;
    }

    private static XmlSchemaSet Load()
    {
        var set = new XmlSchemaSet();
        set.Add("urn:oasis:names:tc:emergency:cap:1.2", Path.Combine(AppContext.BaseDirectory, "Cap", "cap-1.2.xsd"));
        set.Compile();
        return set;
    }
}
