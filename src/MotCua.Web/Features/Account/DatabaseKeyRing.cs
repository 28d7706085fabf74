using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace MotCua.Web.Features.Account;

/// <summary>
/// Where data protection keeps its keys (the ones sign-in cookies and antiforgery tokens are encrypted with): the
/// <c>data_protection_keys</c> table of the product's own database, so that every run and every instance share them
/// (migration 0008 says why). The key manager calls these methods rarely (at start and when a key is added), and
/// synchronously, as its interface requires.
/// </summary>
public sealed class DatabaseKeyRing(string connectionString) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys ORDER BY id", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read()) elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        // Two instances starting at once may each create a key; both are kept and either may be the default.
        using var command = new NpgsqlCommand(
            "INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING", connection);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
