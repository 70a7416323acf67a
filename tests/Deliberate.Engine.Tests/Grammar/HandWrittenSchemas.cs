namespace Deliberate.Engine.Tests.Grammar;

/// <summary>Realistic API-response schemas, written the way users send them for Structured Outputs.</summary>
internal static class HandWrittenSchemas
{
    public static IReadOnlyList<(string Name, string Json)> All { get; } =
    [
        ("weather", """
            {"type":"object","properties":{
              "city":{"type":"string"},
              "unit":{"type":"string","enum":["celsius","fahrenheit"]},
              "temperature":{"type":"number","minimum":-90,"maximum":60},
              "conditions":{"type":"string","enum":["sunny","cloudy","rain","snow"]},
              "humidity":{"type":"integer","minimum":0,"maximum":100}},
             "required":["city","unit","temperature","conditions","humidity"],"additionalProperties":false}
            """),
        ("weather-forecast", """
            {"type":"object","properties":{
              "location":{"type":"object","properties":{"lat":{"type":"number"},"lon":{"type":"number"}},"required":["lat","lon"],"additionalProperties":false},
              "days":{"type":"array","minItems":1,"maxItems":7,"items":{"type":"object","properties":{
                 "date":{"type":"string","format":"date"},"high":{"type":"integer"},"low":{"type":"integer"}},
                 "required":["date","high","low"],"additionalProperties":false}}},
             "required":["location","days"],"additionalProperties":false}
            """),
        ("invoice", """
            {"type":"object","properties":{
              "invoice_number":{"type":"string","pattern":"^INV-[0-9]{4}-[0-9]{4}$"},
              "issued":{"type":"string","format":"date-time"},
              "customer":{"$ref":"#/$defs/party"},
              "lines":{"type":"array","items":{"$ref":"#/$defs/line"},"minItems":1,"maxItems":5},
              "currency":{"type":"string","enum":["EUR","USD","GBP"]},
              "total":{"type":"number","minimum":0},
              "paid":{"type":"boolean"},
              "notes":{"type":["string","null"]}},
             "required":["invoice_number","issued","customer","lines","currency","total","paid","notes"],
             "additionalProperties":false,
             "$defs":{
               "party":{"type":"object","properties":{"name":{"type":"string","minLength":1,"maxLength":40},"email":{"type":"string","format":"email"}},"required":["name","email"],"additionalProperties":false},
               "line":{"type":"object","properties":{"sku":{"type":"string"},"qty":{"type":"integer","minimum":1,"maximum":999},"unit_price":{"type":"number","exclusiveMinimum":0}},"required":["sku","qty","unit_price"],"additionalProperties":false}}}
            """),
        ("user-profile", """
            {"type":"object","properties":{
              "id":{"type":"string","format":"uuid"},
              "name":{"type":"string","minLength":1,"maxLength":60},
              "age":{"type":"integer","minimum":0,"maximum":150},
              "email":{"type":"string","format":"email"},
              "roles":{"type":"array","items":{"type":"string","enum":["admin","editor","viewer"]},"maxItems":3},
              "address":{"anyOf":[{"type":"null"},{"type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"},"zip":{"type":"string","pattern":"^[0-9]{5}$"}},"required":["street","city","zip"],"additionalProperties":false}]},
              "active":{"type":"boolean"}},
             "required":["id","name","age","email","roles","address","active"],"additionalProperties":false}
            """),
        ("search-results", """
            {"type":"object","properties":{
              "query":{"type":"string"},
              "total":{"type":"integer","minimum":0},
              "results":{"type":"array","items":{"type":"object","properties":{
                 "title":{"type":"string"},"url":{"type":"string","pattern":"^https://[a-z]+\\.[a-z]{2,3}/[a-z0-9/]*$"},
                 "score":{"type":"number","minimum":0,"maximum":1},
                 "tags":{"type":"array","items":{"type":"string"}},
                 "snippets":{"type":"array","items":{"type":"array","items":{"type":"string"},"maxItems":2},"maxItems":2}},
                 "required":["title","url","score","tags","snippets"],"additionalProperties":false}},
              "next_page":{"type":["string","null"]}},
             "required":["query","total","results","next_page"],"additionalProperties":false}
            """),
        ("tree", """
            {"type":"object","properties":{"value":{"type":"integer"},"children":{"type":"array","items":{"$ref":"#"},"maxItems":3}},
             "required":["value","children"],"additionalProperties":false}
            """),
        ("linked-list", """
            {"$defs":{"node":{"type":"object","properties":{"value":{"type":"string","maxLength":10},"next":{"anyOf":[{"$ref":"#/$defs/node"},{"type":"null"}]}},
              "required":["value","next"],"additionalProperties":false}},
             "type":"object","properties":{"head":{"$ref":"#/$defs/node"}},"required":["head"],"additionalProperties":false}
            """),
        ("definitions-keyword", """
            {"definitions":{"point":{"type":"object","properties":{"x":{"type":"integer"},"y":{"type":"integer"}},"required":["x","y"],"additionalProperties":false}},
             "type":"object","properties":{"from":{"$ref":"#/definitions/point"},"to":{"$ref":"#/definitions/point"}},"required":["from","to"],"additionalProperties":false}
            """),
        ("ticket-enums", """
            {"type":"object","properties":{
              "status":{"enum":["open","pending","closed"]},
              "priority":{"type":"integer","enum":[1,2,3,4]},
              "mixed":{"enum":["a",1,true,null,{"k":"v"},[1,2]]},
              "kind":{"const":"ticket"}},
             "required":["status","priority","mixed","kind"],"additionalProperties":false}
            """),
        ("shape-union", """
            {"type":"object","properties":{"shape":{"anyOf":[
               {"type":"object","properties":{"kind":{"const":"circle"},"radius":{"type":"number","minimum":0}},"required":["kind","radius"],"additionalProperties":false},
               {"type":"object","properties":{"kind":{"const":"rect"},"w":{"type":"number"},"h":{"type":"number"}},"required":["kind","w","h"],"additionalProperties":false}]}},
             "required":["shape"],"additionalProperties":false}
            """),
        ("calendar-event", """
            {"type":"object","properties":{
              "title":{"type":"string","maxLength":80},
              "start":{"type":"string","format":"date-time"},
              "end":{"type":"string","format":"date-time"},
              "all_day":{"type":"boolean"},
              "attendees":{"type":"array","items":{"type":"object","properties":{"email":{"type":"string","format":"email"},"optional":{"type":"boolean"}},"required":["email","optional"],"additionalProperties":false}},
              "reminder_minutes":{"type":["integer","null"],"minimum":0,"maximum":10080}},
             "required":["title","start","end","all_day","attendees","reminder_minutes"],"additionalProperties":false}
            """),
        ("math-reasoning", """
            {"type":"object","properties":{"steps":{"type":"array","items":{"type":"object","properties":{"explanation":{"type":"string"},"output":{"type":"string"}},"required":["explanation","output"],"additionalProperties":false}},"final_answer":{"type":"string"}},
             "required":["steps","final_answer"],"additionalProperties":false}
            """),
        ("ui-component-recursive", """
            {"type":"object","properties":{"type":{"type":"string","enum":["div","button","header","section","field","form"]},"label":{"type":"string"},
              "children":{"type":"array","items":{"$ref":"#"},"maxItems":2},
              "attributes":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"value":{"type":"string"}},"required":["name","value"],"additionalProperties":false},"maxItems":2}},
             "required":["type","label","children","attributes"],"additionalProperties":false}
            """),
        ("moderation", """
            {"type":"object","properties":{"is_violating":{"type":"boolean"},"category":{"type":["string","null"],"enum":["violence","sexual","self_harm",null]},"explanation_if_violating":{"type":["string","null"]}},
             "required":["is_violating","category","explanation_if_violating"],"additionalProperties":false}
            """),
        ("product-catalog", """
            {"type":"object","properties":{"products":{"type":"array","maxItems":4,"items":{"type":"object","properties":{
               "sku":{"type":"string","pattern":"^[A-Z]{3}-[0-9]{3}$"},"name":{"type":"string"},"price":{"type":"number","minimum":0,"maximum":10000},
               "stock":{"type":"integer","minimum":0},"dimensions":{"type":"object","properties":{"w":{"type":"number"},"h":{"type":"number"},"d":{"type":"number"}},"required":["w","h","d"],"additionalProperties":false}},
               "required":["sku","name","price","stock","dimensions"],"additionalProperties":false}}},"required":["products"],"additionalProperties":false}
            """),
        ("geo-ip", """
            {"type":"object","properties":{"ip":{"type":"string","format":"ipv4"},"host":{"type":"string","format":"hostname"},"country":{"type":"string","pattern":"^[A-Z]{2}$"},"asn":{"type":"integer","minimum":1,"maximum":4294967295}},
             "required":["ip","host","country","asn"],"additionalProperties":false}
            """),
        ("non-strict-optional", """
            {"type":"object","properties":{"name":{"type":"string"},"nickname":{"type":"string"},"age":{"type":"integer"}},"required":["name"]}
            """),
        ("non-strict-extra-schema", """
            {"type":"object","properties":{"id":{"type":"integer"}},"required":["id"],"additionalProperties":{"type":"number"}}
            """),
        ("log-entry", """
            {"type":"object","properties":{"timestamp":{"type":"string","format":"date-time"},"level":{"type":"string","enum":["debug","info","warn","error"]},
              "message":{"type":"string"},"context":{"type":"object","additionalProperties":{"type":"string"}},"time_of_day":{"type":"string","format":"time"}},
             "required":["timestamp","level","message","context","time_of_day"],"additionalProperties":false}
            """),
        ("matrix", """
            {"type":"object","properties":{"rows":{"type":"array","minItems":2,"maxItems":3,"items":{"type":"array","minItems":2,"maxItems":3,"items":{"type":"integer","minimum":-9,"maximum":9}}}},
             "required":["rows"],"additionalProperties":false}
            """),
        ("expression-tree", """
            {"$defs":{"expr":{"anyOf":[
               {"type":"object","properties":{"op":{"type":"string","enum":["+","-","*","/"]},"left":{"$ref":"#/$defs/expr"},"right":{"$ref":"#/$defs/expr"}},"required":["op","left","right"],"additionalProperties":false},
               {"type":"object","properties":{"literal":{"type":"number"}},"required":["literal"],"additionalProperties":false}]}},
             "type":"object","properties":{"root":{"$ref":"#/$defs/expr"}},"required":["root"],"additionalProperties":false}
            """),
    ];
}
