#version 330 core
// Comet shading, additive: a colour tail fading towards its end with a faint white core, and a
// round head whose white-hot centre is larger and brighter for Mirai-fingerprinted packets.
noperspective in vec2 v_head;
noperspective in float v_side;
in float v_fade;
flat in vec3 v_color;
flat in float v_mirai;
flat in float v_alpha;

out vec4 o_color;

void main()
{
    float across = 1.0 - v_side * v_side;
    float tail = v_fade * v_fade * across;
    float blob = max(0.0, 1.0 - dot(v_head, v_head));
    blob *= blob;
    float core = blob * blob * blob * (0.25 + 0.9 * v_mirai);
    vec3 col = v_color * (tail * 0.75 + blob * 1.2) + vec3(core + tail * across * 0.06);
    o_color = vec4(col * v_alpha, 1.0);
}
