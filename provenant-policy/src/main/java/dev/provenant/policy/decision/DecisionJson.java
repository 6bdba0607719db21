package dev.provenant.policy.decision;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A decision as JSON, the same for {@code verify --policy --output json}, {@code policy test} and
 * the server: {@code image}, {@code digest}, {@code decision} ({@code allowed|warned|denied}),
 * {@code allowed}, {@code reason}, and per policy its {@code rules} with {@code expected}, {@code
 * found}, {@code evidence} and {@code remedy}.
 */
public final class DecisionJson {
  private DecisionJson() {}

  public static ObjectNode toJson(ImageDecision decision) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("image", decision.image());
    if (decision.digest() != null) {
      json.put("digest", decision.digest().toString());
    } else {
      json.putNull("digest");
    }
    json.put("decision", decision.outcome().lowerCase());
    json.put("allowed", decision.allowed());
    json.put("reason", decision.reason());
    ArrayNode policies = json.putArray("policies");
    for (PolicyResult result : decision.policies()) {
      ObjectNode policy = policies.addObject();
      policy.put("name", result.policy());
      policy.put("mode", result.mode().yamlName());
      policy.put("passed", result.passed());
      if (result.excluded()) {
        policy.put("excludedBy", result.excludedBy());
      }
      ArrayNode rules = policy.putArray("rules");
      for (RuleResult rule : result.rules()) {
        ObjectNode node = rules.addObject();
        node.put("rule", rule.rule());
        node.put("passed", rule.passed());
        node.put("expected", rule.expected());
        node.put("found", rule.found());
        ArrayNode evidence = node.putArray("evidence");
        rule.evidence().forEach(evidence::add);
        if (rule.remedy() != null) {
          node.put("remedy", rule.remedy());
        }
      }
    }
    ArrayNode warnings = json.putArray("warnings");
    decision.warnings().forEach(warnings::add);
    return json;
  }
}
